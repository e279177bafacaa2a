# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::GadgetRepositoryReplicator, feature_category: :geo_replication do
  let(:model_record) { create(:gadget_repository) }

  include_examples 'a repository replicator'
end
