# frozen_string_literal: true

module Resolvers
  module Geo
    class CiSecureFileRegistriesResolver < BaseResolver
      include RegistriesResolver
    end
  end
end
