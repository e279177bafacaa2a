//! Integration tests over the fixture tree: one binary, topic modules.

mod suite;
