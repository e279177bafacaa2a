# frozen_string_literal: true

module Geo
  class {{ n.registry_class }}Finder
    include FrameworkRegistryFinder
  end
end
