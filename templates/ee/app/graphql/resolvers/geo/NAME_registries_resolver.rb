# frozen_string_literal: true

module Resolvers
  module Geo
    class {{ n.registries_class }}Resolver < BaseResolver
{%- if c.resolver_type %}
      type ::Types::Geo::GeoNodeType.connection_type, null: true
{% endif %}
      include RegistriesResolver
    end
  end
end
