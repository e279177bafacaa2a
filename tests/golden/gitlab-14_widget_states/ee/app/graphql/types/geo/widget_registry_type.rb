# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes because it is included
    class WidgetRegistryType < BaseObject
      include ::Types::Geo::RegistryType

      graphql_name 'WidgetRegistry'
      description 'Represents the Geo sync and verification state of a widget'

      field :widget_id, GraphQL::Types::ID, null: false, description: 'ID of the Widget.'
    end
  end
end
