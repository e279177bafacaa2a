# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::WidgetsArchiveState, :geo, feature_category: :geo_replication do
  it { is_expected.to be_a ::Geo::VerificationStateDefinition }

  describe 'associations' do
    it { is_expected.to belong_to(:widgets_archive).class_name('::Widgets::Archive') }
  end

  describe 'validations' do
    it { is_expected.to validate_presence_of(:widgets_archive) }
    it { is_expected.to validate_presence_of(:verification_state) }
  end
end
