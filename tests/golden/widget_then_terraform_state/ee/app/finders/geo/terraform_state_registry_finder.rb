# frozen_string_literal: true

module Geo
  class TerraformStateRegistryFinder
    include FrameworkRegistryFinder
  end
end
