# frozen_string_literal: true

require 'spec_helper'

describe Geo::TerraformStateRegistryFinder do
  it_behaves_like 'a framework registry finder', :terraform_state_registry
end
