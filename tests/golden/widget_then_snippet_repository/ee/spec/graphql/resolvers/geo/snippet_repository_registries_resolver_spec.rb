# frozen_string_literal: true

require 'spec_helper'

describe Resolvers::Geo::SnippetRepositoryRegistriesResolver do
  it_behaves_like 'a Geo registries resolver', :snippet_repository_registry
end
