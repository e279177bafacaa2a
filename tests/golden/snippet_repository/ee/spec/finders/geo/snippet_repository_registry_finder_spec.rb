# frozen_string_literal: true

require 'spec_helper'

describe Geo::SnippetRepositoryRegistryFinder do
  it_behaves_like 'a framework registry finder', :snippet_repository_registry
end
