# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::GadgetRepositoryState, :geo, feature_category: :geo_replication do
  it { is_expected.to be_a ::Geo::VerificationStateDefinition }

  describe 'associations' do
    it { is_expected.to belong_to(:gadget_repository).class_name('::GadgetRepository') }
  end

  describe 'validations' do
    it { is_expected.to validate_presence_of(:gadget_repository) }
    it { is_expected.to validate_presence_of(:verification_state) }
  end
end
