"""Models of the development phase; they point at programmes.Peer and programmes.Post, never copy them."""
