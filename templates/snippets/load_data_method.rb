def load_{{ n.plural }}_data
  self.{{ n.plural }}_registry_count = Geo::{{ n.replicator_class }}.registry_count
  self.{{ n.plural }}_synced_count = Geo::{{ n.replicator_class }}.synced_count
  self.{{ n.plural }}_failed_count = Geo::{{ n.replicator_class }}.failed_count
end
