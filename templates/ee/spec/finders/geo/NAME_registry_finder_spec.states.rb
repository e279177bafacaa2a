# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::{{ n.registry_class }}Finder{% if p.feature_category.value %}, feature_category: :geo_replication{% endif %} do
  it_behaves_like 'a framework registry finder', :geo_{{ n.registry_table }}
end
