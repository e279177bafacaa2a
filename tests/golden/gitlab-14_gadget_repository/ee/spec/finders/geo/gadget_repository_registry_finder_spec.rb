# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::GadgetRepositoryRegistryFinder do
  it_behaves_like 'a framework registry finder', :geo_gadget_repository_registry
end
