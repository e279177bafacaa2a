# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes -- because it is included
    class WidgetsArchiveRegistryType < BaseObject
      graphql_name 'WidgetsArchiveRegistry'

      include ::Types::Geo::RegistryType

      description 'Represents the Geo replication and verification state of a widgets_archive'

      field :widgets_archive_id, GraphQL::Types::ID, null: false,
        description: 'ID of the Widget Archive.'
    end
    # rubocop:enable Graphql/AuthorizeTypes
  end
end
