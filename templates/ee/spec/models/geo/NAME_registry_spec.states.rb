# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::{{ n.registry_class }}, :geo{% if p.feature_category.value %}, feature_category: :geo_replication{% endif %} do
  let_it_be(:registry) { build(:geo_{{ n.registry_table }}) }

  specify 'factory is valid' do
    expect(registry).to be_valid
  end

  include_examples 'a Geo framework registry'
end
