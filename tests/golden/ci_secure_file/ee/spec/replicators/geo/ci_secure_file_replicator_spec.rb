# frozen_string_literal: true

require 'spec_helper'

describe Geo::CiSecureFileReplicator do
  let(:model_record) { build(:ci_secure_file) }

  it_behaves_like 'a blob replicator'
end
