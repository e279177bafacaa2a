include ::Gitlab::Geo::ReplicableModel

with_replicator Geo::{{ n.replicator_class }}
