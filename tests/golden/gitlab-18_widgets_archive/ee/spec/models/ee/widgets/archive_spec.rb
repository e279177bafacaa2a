# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Widgets::Archive, feature_category: :team_planning do
  describe 'Geo replication', feature_category: :geo_replication do
    describe 'associations' do
      it 'has one verification state table class' do
        is_expected
          .to have_one(:widgets_archive_state)
          .class_name('Geo::WidgetsArchiveState')
          .inverse_of(:widgets_archive)
          .autosave(false)
      end
    end

    include_examples 'a verifiable model for verification state' do
      let(:verifiable_model_record) { build(:widget_archive) }
      let(:unverifiable_model_record) { nil }
    end

    describe 'replication/verification' do
      let_it_be(:group_1) { create(:group, organization: create(:organization)) }
      let_it_be(:group_2) { create(:group, organization: create(:organization)) }
      let_it_be(:nested_group_1) { create(:group, parent: group_1) }
      let_it_be(:project_1) { create(:project, group: group_1) }
      let_it_be(:project_2) { create(:project, group: nested_group_1) }
      let_it_be(:project_3) { create(:project, group: group_2) }

      # In the synced root group
      let!(:first_replicable_and_in_selective_sync) do
        create(:widget_archive, project: project_1)
      end

      # In a synced subgroup
      let!(:second_replicable_and_in_selective_sync) do
        create(:widget_archive, project: project_2)
      end

      # In the synced root group, stored remotely
      let!(:third_replicable_on_object_storage_and_in_selective_sync) do
        create(:widget_archive, :remote_store, project: project_1)
      end

      # In a group the node does not sync
      let!(:last_replicable_and_not_in_selective_sync) do
        create(:widget_archive, project: project_3)
      end

      include_examples 'Geo Framework selective sync behavior'
    end
  end
end
