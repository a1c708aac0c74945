"""Delivery and follow-up: unit packs sent by mail (`send`), the return round chased (`remind`),
every message kept in a delivery record (`delivery.json`)."""
