# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes -- because it is included
    class GadgetRepositoryRegistryType < BaseObject
      graphql_name 'GadgetRepositoryRegistry'

      include ::Types::Geo::RegistryType

      description 'Represents the Geo replication and verification state of a `gadget_repository`'

      field :gadget_repository_id, GraphQL::Types::ID, null: false,
        description: 'ID of the Gadget Repository.'
    end
    # rubocop:enable Graphql/AuthorizeTypes
  end
end
