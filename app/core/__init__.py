"""The checking engine: readers, formats, recogniser, rules and exporters. Never imports Qt."""
