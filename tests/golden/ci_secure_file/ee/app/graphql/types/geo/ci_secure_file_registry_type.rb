# frozen_string_literal: true

module Types
  module Geo
    # rubocop:disable Graphql/AuthorizeTypes because it is included
    class CiSecureFileRegistryType < BaseObject
      include ::Types::Geo::RegistryType

      graphql_name 'CiSecureFileRegistry'
      description 'Represents the sync and verification state of a CI secure file'

      field :ci_secure_file_id, GraphQL::ID_TYPE, null: false, description: 'ID of the CI secure file'
    end
  end
end
