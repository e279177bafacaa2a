# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::WidgetReplicator, feature_category: :geo_replication do
  let(:model_record) { build(:widget) }

  include_examples 'a blob replicator'
end
