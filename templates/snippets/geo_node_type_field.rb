field :{{ n.registries }}, ::Types::Geo::{{ n.registry_class }}Type.connection_type,
      null: true,
      resolver: ::Resolvers::Geo::{{ n.registries_class }}Resolver,
      description: 'Find {{ n.label_singular }} registries on this Geo node',
      feature_flag: :{{ feature_flag }}
