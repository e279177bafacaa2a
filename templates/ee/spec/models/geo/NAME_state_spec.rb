# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::{{ n.class }}State, :geo{% if p.feature_category.value %}, feature_category: :geo_replication{% endif %} do
  it { is_expected.to be_a ::Geo::VerificationStateDefinition }

  describe 'associations' do
    it { is_expected.to belong_to(:{{ n.name }}).class_name('::{{ n.model_class }}') }
  end

  describe 'validations' do
    it { is_expected.to validate_presence_of(:{{ n.name }}) }
    it { is_expected.to validate_presence_of(:verification_state) }
  end
end
