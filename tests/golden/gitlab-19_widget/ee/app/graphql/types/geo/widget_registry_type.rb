# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes -- because it is included
    class WidgetRegistryType < BaseObject
      graphql_name 'WidgetRegistry'

      include ::Types::Geo::RegistryType

      description 'Represents the Geo replication and verification state of a `widget`'

      field :widget_id, GraphQL::Types::ID, null: false,
        description: 'ID of the Widget.'
    end
    # rubocop:enable Graphql/AuthorizeTypes
  end
end
