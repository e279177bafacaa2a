# frozen_string_literal: true

module Resolvers
  module Geo
    class WidgetRegistriesResolver < BaseResolver
      include RegistriesResolver
    end
  end
end
