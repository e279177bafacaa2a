# frozen_string_literal: true

module Geo
  class CiSecureFileRegistryFinder
    include FrameworkRegistryFinder
  end
end
