# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::GadgetRepositoryReplicator do
  let(:model_record) { build(:gadget_repository) }

  include_examples 'a repository replicator'
  include_examples 'a verifiable replicator'
end
