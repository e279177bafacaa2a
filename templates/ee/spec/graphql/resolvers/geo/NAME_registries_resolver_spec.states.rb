# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Resolvers::Geo::{{ n.registries_class }}Resolver{% if p.feature_category.value %}, feature_category: :geo_replication{% endif %} do
  it_behaves_like 'a Geo registries resolver', :geo_{{ n.registry_table }}
end
