# frozen_string_literal: true

require 'spec_helper'

describe Resolvers::Geo::TerraformStateRegistriesResolver do
  it_behaves_like 'a Geo registries resolver', :terraform_state_registry
end
