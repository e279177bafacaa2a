# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes because it is included
    class {{ n.registry_class }}Type < BaseObject
      include ::Types::Geo::RegistryType

      graphql_name '{{ n.registry_class }}'
      description 'Represents the sync and verification state of {{ article }} {{ n.label_singular }}'

      field :{{ n.foreign_key }}, GraphQL::ID_TYPE, null: false, description: 'ID of the {{ n.label_singular }}'
    end
  end
end
