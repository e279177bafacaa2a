# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes because it is included
    class GadgetRepositoryRegistryType < BaseObject
      include ::Types::Geo::RegistryType

      graphql_name 'GadgetRepositoryRegistry'
      description 'Represents the Geo sync and verification state of a gadget repository'

      field :gadget_repository_id, GraphQL::Types::ID, null: false, description: 'ID of the Gadget Repository.'
    end
  end
end
