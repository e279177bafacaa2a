# frozen_string_literal: true

module Geo
  class GadgetRepositoryRegistryFinder
    include FrameworkRegistryFinder
  end
end
