# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes -- because it is included
    class {{ n.registry_class }}Type < BaseObject
      graphql_name '{{ n.registry_class }}'

      include ::Types::Geo::RegistryType

      description 'Represents the Geo replication and verification state of a {% if generator %}`{{ n.name }}`{% else %}{{ n.name }}{% endif %}'

      field :{{ n.foreign_key }}, GraphQL::Types::ID, null: false,
        description: 'ID of the {{ f.title }}.'
    end
    # rubocop:enable Graphql/AuthorizeTypes
  end
end
