# frozen_string_literal: true

module Geo
  class WidgetRegistryFinder
    include FrameworkRegistryFinder
  end
end
