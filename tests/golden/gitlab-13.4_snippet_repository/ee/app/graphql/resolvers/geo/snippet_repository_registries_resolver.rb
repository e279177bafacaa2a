# frozen_string_literal: true

module Resolvers
  module Geo
    class SnippetRepositoryRegistriesResolver < BaseResolver
      include RegistriesResolver
    end
  end
end
