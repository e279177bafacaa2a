# frozen_string_literal: true

module Geo
  class SnippetRepositoryRegistryFinder
    include FrameworkRegistryFinder
  end
end
