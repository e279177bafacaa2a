# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::WidgetsArchiveReplicator, feature_category: :geo_replication do
  let(:model_record) { create(:widget_archive) }

  include_examples 'a blob replicator'
end
