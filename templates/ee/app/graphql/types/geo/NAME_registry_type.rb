# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes because it is included
    class {{ n.registry_class }}Type < BaseObject
      include ::Types::Geo::RegistryType

      graphql_name '{{ n.registry_class }}'
      description 'Represents the {% if c.geo_wording %}Geo {% endif %}sync and verification state of {{ article }} {{ n.label_singular }}'

      field :{{ n.foreign_key }}, {{ c.graphql_id }}, null: false, description: 'ID of the {{ c.id_label }}{% if c.period %}.{% endif %}'
    end
  end
end
