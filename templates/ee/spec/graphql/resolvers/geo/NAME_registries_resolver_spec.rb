# frozen_string_literal: true

require 'spec_helper'

describe Resolvers::Geo::{{ n.registries_class }}Resolver do
  it_behaves_like 'a Geo registries resolver', :{{ n.registry_table }}
end
