"""Models of the workforce phase; they point at programmes.Peer and programmes.Post, never copy them."""
