"""Delivery and follow-up: packs mailed (`send`), late returns chased (`remind`), all recorded."""
