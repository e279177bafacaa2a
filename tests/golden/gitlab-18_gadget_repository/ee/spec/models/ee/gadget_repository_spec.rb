# frozen_string_literal: true

require 'spec_helper'

RSpec.describe GadgetRepository, feature_category: :source_code_management do
  describe '#push_rule' do
    let(:gadget_repository) { build(:gadget_repository) }

    it 'uses the push rule of the project' do
      expect(gadget_repository.push_rule).to eq(gadget_repository.project.push_rule)
    end
  end

  describe 'Geo replication', feature_category: :geo_replication do
    describe 'associations' do
      it 'has one verification state table class' do
        is_expected
          .to have_one(:gadget_repository_state)
          .class_name('Geo::GadgetRepositoryState')
          .inverse_of(:gadget_repository)
          .autosave(false)
      end
    end

    include_examples 'a verifiable model for verification state' do
      let(:verifiable_model_record) { build(:gadget_repository) }
      let(:unverifiable_model_record) { nil }
    end

    describe '#pool_repository' do
      it 'is never pooled' do
        expect(build(:gadget_repository).pool_repository).to be_nil
      end
    end

    describe 'replication/verification' do
      let_it_be(:group_1) { create(:group, organization: create(:organization)) }
      let_it_be(:group_2) { create(:group, organization: create(:organization)) }
      let_it_be(:nested_group_1) { create(:group, parent: group_1) }
      let_it_be(:project_1) { create(:project, group: group_1) }
      let_it_be(:project_2) { create(:project, group: nested_group_1) }
      let_it_be(:project_3) { create(:project, group: group_1) }
      let_it_be(:project_4) { create(:project, group: group_2) }

      # In the synced root group
      let!(:first_replicable_and_in_selective_sync) do
        create(:gadget_repository, project: project_1)
      end

      # In a synced subgroup
      let!(:second_replicable_and_in_selective_sync) do
        create(:gadget_repository, project: project_2)
      end

      # In the synced root group as well (repositories are never on object storage)
      let!(:third_replicable_on_object_storage_and_in_selective_sync) do
        create(:gadget_repository, project: project_3)
      end

      # In a group the node does not sync
      let!(:last_replicable_and_not_in_selective_sync) do
        create(:gadget_repository, project: project_4)
      end

      include_examples 'Geo Framework selective sync behavior'
    end
  end
end
