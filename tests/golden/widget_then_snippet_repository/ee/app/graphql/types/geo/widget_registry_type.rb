# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes because it is included
    class WidgetRegistryType < BaseObject
      include ::Types::Geo::RegistryType

      graphql_name 'WidgetRegistry'
      description 'Represents the sync and verification state of a widget'

      field :widget_id, GraphQL::ID_TYPE, null: false, description: 'ID of the widget'
    end
  end
end
