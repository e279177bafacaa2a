# frozen_string_literal: true

module Geo
  class WidgetsArchiveRegistryFinder
    include FrameworkRegistryFinder
  end
end
