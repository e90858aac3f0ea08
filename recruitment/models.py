"""Models of the recruitment phase; they point at programmes.Peer and programmes.Post, never copy them."""
