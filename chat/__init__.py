"""The Flux chat app: actions -> one dispatcher -> stores -> views, in Python."""
