# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::{{ n.replicator_class }}{% if p.feature_category.value %}, feature_category: :geo_replication{% endif %} do
  let(:model_record) { {% if generator %}build{% else %}create{% endif %}(:{{ f.model_factory }}) }

  include_examples 'a {% if repo %}repository{% else %}blob{% endif %} replicator'
end
