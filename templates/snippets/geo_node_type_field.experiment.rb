field :{{ n.registries }}, ::Types::Geo::{{ n.registry_class }}Type.connection_type,
  null: true,
  resolver: ::Resolvers::Geo::{{ n.registries_class }}Resolver,
  description: 'Find {{ f.title }} registries on this Geo node. ' \
               'Ignored if `geo_{{ n.name }}_replication` feature flag is disabled.',
  experiment: { milestone: '{{ f.milestone }}' }
