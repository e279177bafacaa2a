# frozen_string_literal: true

module Resolvers
  module Geo
    class TerraformStateRegistriesResolver < BaseResolver
      include RegistriesResolver
    end
  end
end
