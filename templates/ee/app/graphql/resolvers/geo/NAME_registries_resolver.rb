# frozen_string_literal: true

module Resolvers
  module Geo
    class {{ n.registries_class }}Resolver < BaseResolver
      include RegistriesResolver
    end
  end
end
